// rxjs: observables and operators (synchronous and scheduled).
const { of, from, range, interval, merge, concat, combineLatest, Subject, BehaviorSubject, ReplaySubject, lastValueFrom, firstValueFrom, zip, timer } = require('rxjs');
const { map, filter, scan, reduce, take, mergeMap, switchMap, concatMap, distinctUntilChanged, bufferCount, debounceTime, toArray, catchError, retry, tap, pairwise, startWith } = require('rxjs/operators');

range(1, 10).pipe(filter((x) => x % 2 === 0), map((x) => x * x), reduce((a, b) => a + b, 0)).subscribe((v) => console.log('sum', v));
of(1, 1, 2, 2, 3, 1).pipe(distinctUntilChanged(), toArray()).subscribe((v) => console.log('distinct', v));
from([1, 2, 3, 4, 5]).pipe(bufferCount(2), toArray()).subscribe((v) => console.log('buffers', JSON.stringify(v)));
of('a', 'b').pipe(mergeMap((x) => of(x + 1, x + 2))).subscribe({ next: (v) => console.log('merge', v), complete: () => console.log('merge done') });
const s = new Subject();
s.pipe(scan((acc, v) => acc + v, 0)).subscribe((v) => console.log('scan', v));
s.next(1); s.next(2); s.next(3); s.complete();
const b = new BehaviorSubject('init');
b.subscribe((v) => console.log('behavior', v));
b.next('next');
const r = new ReplaySubject(2);
r.next(1); r.next(2); r.next(3);
r.subscribe((v) => console.log('replay', v));
of(1, 2, 3).pipe(map((x) => { if (x === 2) throw new Error('boom'); return x; }), catchError((e) => of('caught ' + e.message))).subscribe((v) => console.log('err', v));
combineLatest([of(1, 2), of('x')]).subscribe((v) => console.log('combine', v));
zip(of(1, 2, 3), of('a', 'b')).subscribe((v) => console.log('zip', v));
of(1, 2, 3, 4).pipe(pairwise(), startWith('start')).subscribe((v) => console.log('pair', v));
(async () => {
  console.log('interval', await lastValueFrom(interval(5).pipe(take(4), toArray())));
  console.log('switch', await lastValueFrom(of(1, 2, 3).pipe(concatMap((x) => timer(3).pipe(map(() => x * 10))), toArray())));
  console.log('first', await firstValueFrom(concat(timer(10).pipe(map(() => 'late')), of('x'))));
  const deb = await lastValueFrom(merge(of('a'), timer(5).pipe(map(() => 'b')), timer(400).pipe(map(() => 'c'))).pipe(debounceTime(100), toArray()));
  console.log('debounce', deb);
  let tries = 0;
  const retried = await lastValueFrom(of(null).pipe(tap(() => { tries++; if (tries < 3) throw new Error('x'); }), retry(5), map(() => tries)));
  console.log('retry', retried);
})();
