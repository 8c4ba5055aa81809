/** Whether a promise settles before the time is up; a rejection is rethrown. Never keeps the process alive. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.then(() => 'settled' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
