// lru-cache: bounded caches with eviction, TTL (driven by a fake clock), sizes.
const { LRUCache } = require('lru-cache');

const c = new LRUCache({ max: 3, dispose: (v, k, reason) => console.log('dispose', k, v, reason) });
c.set('a', 1).set('b', 2).set('c', 3);
c.get('a');
c.set('d', 4);
console.log([...c.keys()], [...c.entries()], c.size, c.has('b'), c.peek('c'));
c.delete('c');
console.log(c.dump().map(([k, e]) => [k, e.value]));
const bySize = new LRUCache({ maxSize: 10, sizeCalculation: (v) => v.length });
bySize.set('x', 'aaaa').set('y', 'bbbbbb').set('z', 'cc');
console.log([...bySize.keys()], bySize.calculatedSize);
let now = 1000;
const ttl = new LRUCache({ max: 10, ttl: 100, ttlAutopurge: false, perf: { now: () => now } });
ttl.set('k', 'v');
now += 50;
console.log(ttl.get('k'), ttl.getRemainingTTL('k'));
now += 60;
console.log(ttl.get('k'), ttl.has('k'));
const fetcher = new LRUCache({ max: 5, fetchMethod: async (k) => k.toUpperCase() });
fetcher.fetch('hello').then((v) => console.log('fetched', v, fetcher.get('hello')));
