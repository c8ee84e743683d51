// Paused mode: 'readable' and read(), read(n), unshift, and setEncoding.
process.stdin.setEncoding('utf8');
const parts = [];
process.stdin.on('readable', () => {
  let c;
  while ((c = process.stdin.read(5)) !== null) parts.push(c);
});
process.stdin.on('end', () => {
  console.log(parts.length, JSON.stringify(parts.slice(0, 3)), JSON.stringify(parts[parts.length - 1]));
  console.log(process.stdin.read(), process.stdin.readableEncoding);
});
