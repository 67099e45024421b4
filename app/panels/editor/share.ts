/** The app URL that carries a scenario's text (`?yaml=<deflated, base64url>`), for sharing edited scenarios. */
import { compressText, urlQuery } from '../../sim-client/url-state.ts';

/** The URL of this app (origin and path of `base`, the current page by default) opening `text`. */
export async function shareUrlFor(text: string, base: { origin: string; pathname: string } = location): Promise<string> {
  return `${base.origin}${base.pathname}${urlQuery({ yaml: await compressText(text) })}`;
}
