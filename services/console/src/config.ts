/** What the gateway tells the console about its identity provider (`/console-config.json`). */
export interface ConsoleConfig {
  readonly issuer: string;
  readonly clientId: string;
}

export async function loadConfig(): Promise<ConsoleConfig | null> {
  try {
    const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<ConsoleConfig>;
    return body.issuer && body.clientId ? { issuer: body.issuer, clientId: body.clientId } : null;
  } catch {
    // Without it the console still serves the public pages; sign-in says it is unavailable.
    return null;
  }
}
