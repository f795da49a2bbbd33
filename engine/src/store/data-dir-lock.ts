/** One process owns an embedded data folder: a lock file naming its pid, taken over when that process is gone. */
import fs from 'node:fs';
import path from 'node:path';
import { DataDirLockedError } from './errors';

const LOCK_FILE = 'dunwell.lock';

// Lock files this process holds. A lock file naming our own pid that is not in
// this set was left by an earlier process that had the same pid (a container
// restarted as pid 1), so it is stale.
const held = new Set<string>();

export interface DataDirLock {
  /** Absolute path of the locked data directory. */
  readonly dataDir: string;
  readonly file: string;
  release(): void;
}

/**
 * Takes the exclusive lock of a PGlite data directory: PGlite itself has no
 * cross-process lock, and two processes on one data directory corrupt it.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  fs.mkdirSync(dir, { recursive: true });

  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      held.add(file);
      return { dataDir: dir, file, release: () => release(file) };
    }
    const owner = readPid(file);
    if (owner === undefined) continue; // removed meanwhile: try again
    if (isHeldBy(owner, file)) throw new DataDirLockedError(dir, owner);
    takeOverStale(file, owner, dir);
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
}

/** Creates the lock file with our pid in one atomic step, so no reader sees it empty. */
function tryCreate(file: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${process.pid}\n`);
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function readPid(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  // Garbage in the file cannot name a live owner: treat it as stale.
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
}

function isHeldBy(pid: number, file: string): boolean {
  if (pid === process.pid) return held.has(file);
  if (pid === 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale file aside before deleting it, then checks that what was
 * moved is the stale lock: if another process took the lock over in between,
 * its file is put back and the directory is reported as in use.
 */
function takeOverStale(file: string, stalePid: number, dir: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readPid(aside);
  if (moved !== undefined && moved !== stalePid && isHeldBy(moved, file)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Someone else holds it now; they will be reported on the next attempt anyway.
    }
    fs.rmSync(aside, { force: true });
    throw new DataDirLockedError(dir, moved);
  }
  fs.rmSync(aside, { force: true });
}

function release(file: string): void {
  if (!held.delete(file)) return;
  if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
}

// A process that exits without close() (an uncaught error) still frees its data directories.
process.once('exit', () => {
  for (const file of held) {
    try {
      if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Exiting anyway; a lock left behind is taken over as stale next time.
    }
  }
});
