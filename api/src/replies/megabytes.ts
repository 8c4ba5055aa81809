/** A size as people read it in a limit message: "25 MB", "2.5 MB". */
export const megabytes = (bytes: number) => `${Number((bytes / 1048576).toFixed(1))} MB`;
