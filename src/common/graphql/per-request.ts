import DataLoader from 'dataloader';

// Loaders owned by a feature module (which the shared LoadersFactory cannot depend on without a
// cycle) live on the request's context object too: created on first use, gone with the request.
const loaders = new WeakMap<object, Map<string, DataLoader<any, any>>>();

export function perRequestLoader<K, V>(context: object, name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  let forRequest = loaders.get(context);
  if (!forRequest) loaders.set(context, (forRequest = new Map()));
  let loader = forRequest.get(name);
  if (!loader) forRequest.set(name, (loader = create()));
  return loader;
}
