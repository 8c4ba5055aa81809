/**
 * Which Host names this server answers for, so a web page on another name that an attacker points
 * at 127.0.0.1 (DNS rebinding) cannot drive a fresh instance's setup page or API. Loopback names
 * are always allowed (they cannot be rebound: they are not looked up), and PUBLIC_URL's host when
 * set. Without PUBLIC_URL the product is reachable on loopback only by default (HOST=127.0.0.1);
 * listening elsewhere needs PUBLIC_URL so people's browsers name an allowed host.
 */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function allowedHostnames(publicUrl: string | null): Set<string> {
  const names = new Set(LOOPBACK);
  if (publicUrl) names.add(new URL(publicUrl).hostname.toLowerCase());
  return names;
}

/** The name part of a Host header (no port), lower-case; null when there is none. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(0, end + 1) : null;
  }
  const colon = value.indexOf(':');
  return colon >= 0 ? value.slice(0, colon) : value;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>): boolean {
  const name = hostnameOf(hostHeader);
  return name !== null && (allowed.has(name) || name.endsWith('.localhost'));
}
