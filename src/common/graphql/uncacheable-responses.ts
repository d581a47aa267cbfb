import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

/**
 * Every answer depends on the caller's key, so none may be stored: `cache-control: no-store`, as
 * Apollo's cache-control plugin sends when no field carries a cache hint (none does here), but
 * without that plugin's hook on every field resolved — thousands in a large check.
 */
export function uncacheableResponses(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
