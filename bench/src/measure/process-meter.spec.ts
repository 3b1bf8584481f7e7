import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CpuMeter } from './process-meter';

/** Burns `ms` of its own CPU time, whatever the machine's load. */
const BURN = `const burn = (ms) => { const from = process.cpuUsage(); for (;;) { const used = process.cpuUsage(from); if ((used.user + used.system) / 1000 >= ms) return; } };`;
/** Burns 200 ms, says so, and burns 200 ms more once told to go. */
const CHILD = `${BURN} burn(200); console.log('half'); process.stdin.once('data', () => { burn(200); process.exit(0); });`;
/** Starts the child, passes its "half" and our "go" along, and says when it has reaped it. */
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', ${JSON.stringify(CHILD)}]);
child.stdout.once('data', () => console.log('child ' + child.pid));
process.stdin.once('data', () => child.stdin.write('go\\n'));
child.on('exit', () => console.log('reaped'));
setInterval(() => undefined, 1000);
`;

describe('CpuMeter', () => {
  let parent: ChildProcessWithoutNullStreams | undefined;

  afterEach(() => {
    parent?.kill();
    parent = undefined;
  });

  it('counts the CPU of a process that exits during the measurement, through its parent, from the start on only', async () => {
    parent = spawn(process.execPath, ['-e', PARENT]);
    const lines = createInterface({ input: parent.stdout })[Symbol.asyncIterator]();
    const childPid = Number(/^child (\d+)$/.exec((await lines.next()).value)![1]);

    const startedAt = performance.now();
    const meter = CpuMeter.start({ pair: [parent.pid!, childPid] });
    parent.stdin.write('go\n');
    expect((await lines.next()).value).toBe('reaped');
    const cores = meter.stop().pair;
    const seconds = cores * ((performance.now() - startedAt) / 1000);

    // The child's second 200 ms, plus the little its parent spent passing messages along; without
    // the parent's reaped-children time it reads about 0, without taking out the child's CPU before
    // the start about 0.45 (its start-up and first 200 ms).
    expect(seconds).toBeGreaterThan(0.15);
    expect(seconds).toBeLessThan(0.3);
  });
});
