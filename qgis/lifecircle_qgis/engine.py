"""Runs the `lifecircle` binary for a Processing algorithm.

The binary is found in the provider's setting (Settings → Options →
Processing → Providers → LifeCircle → lifecircle binary), the
LIFECIRCLE_BIN environment variable, or PATH, and its version is checked.
stderr goes through a pseudo-terminal: the CLI prints its live stage lines
("▸ stage …", "✓ stage 1.23 s") only to a terminal, and they are the
progress shown in the Processing dialog. Cancelling sends SIGINT, the
CLI's own Ctrl-C path, which removes its staging folder, so nothing is
left behind. Both are POSIX, as the engine's build is (Linux, macOS).
"""
import os
import pty
import re
import select
import shutil
import signal
import subprocess

from qgis.core import QgsProcessingException, QgsSettings

MIN_VERSION = (0, 2, 0)
# Where Processing keeps the provider's setting (Settings → Options → Processing → Providers → LifeCircle).
SETTING = "Processing/Configuration/LIFECIRCLE_BINARY"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_DONE = re.compile(r"^✓ (.+?) ([0-9.]+) s$")
_START = re.compile(r"^▸ (.+?) …")


def find_binary():
    """Path of the lifecircle binary, or raises with what to set."""
    for candidate in (QgsSettings().value(SETTING, "", type=str), os.environ.get("LIFECIRCLE_BIN", "")):
        if candidate:
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
            raise QgsProcessingException(f"lifecircle binary not found at {candidate}: fix the LifeCircle setting or LIFECIRCLE_BIN")
    found = shutil.which("lifecircle")
    if not found:
        raise QgsProcessingException(
            "lifecircle is not on PATH: install it, or set its path in Settings → Options → Processing → Providers → LifeCircle"
        )
    return found


def version(binary):
    """(major, minor, patch) of `lifecircle --version`; raises when too old."""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        raise QgsProcessingException(f"{binary} --version failed: {e}")
    m = re.match(r"(\d+)\.(\d+)\.(\d+)", out)
    if not m:
        raise QgsProcessingException(f"{binary} --version printed '{out}', not a version")
    v = tuple(int(x) for x in m.groups())
    if v < MIN_VERSION:
        raise QgsProcessingException(f"lifecircle {out} is too old: this plugin needs {'.'.join(map(str, MIN_VERSION))} or later")
    return v


def error_line(text):
    """The engine's one-line message: the last 'Error: …' line, else the last line."""
    lines = [_ANSI.sub("", l).strip() for l in text.replace("\r", "\n").splitlines()]
    lines = [l for l in lines if l]
    for l in reversed(lines):
        if l.startswith("Error:") or l.startswith("error:"):
            return l[len("Error:"):].strip()
    return lines[-1] if lines else "lifecircle failed with no message"


def run(args, feedback, expected_stages=8):
    """Runs lifecircle ARGS; returns (stdout, stderr). Raises
    QgsProcessingException with the engine's message on failure or cancel."""
    binary = find_binary()
    version(binary)
    cmd = [binary] + [str(a) for a in args]
    if feedback:
        feedback.pushCommandInfo(" ".join(_quote(c) for c in cmd))
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, close_fds=True)
    finally:
        os.close(slave)
    os.set_blocking(proc.stdout.fileno(), False)
    err, out, pending = [], [], ""
    done = 0
    cancelled = False
    fds = [master, proc.stdout.fileno()]
    while fds:
        if feedback and feedback.isCanceled() and not cancelled:
            cancelled = True
            feedback.pushInfo("cancelling: SIGINT sent to lifecircle")
            proc.send_signal(signal.SIGINT)
        ready, _, _ = select.select(fds, [], [], 0.2)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the pty reports EIO once the child has closed it
                chunk = b""
            if not chunk:
                fds.remove(fd)
                continue
            text = chunk.decode("utf-8", "replace")
            if fd == master:
                err.append(text)
                pending += text
                # Live lines end with \r (redrawn) or \n (finished stage).
                *parts, pending = re.split(r"[\r\n]", pending)
                for p in parts:
                    line = _ANSI.sub("", p).strip()
                    m = _DONE.match(line)
                    if m:
                        done += 1
                        if feedback:
                            feedback.pushInfo(line)
                            feedback.setProgress(min(99.0, 100.0 * done / max(expected_stages, done + 1)))
                    elif line.startswith("warning:") and feedback:
                        feedback.pushWarning(line)
                    elif _START.match(line) and feedback:
                        feedback.setProgressText(_START.match(line).group(1))
            else:
                out.append(text)
        if proc.poll() is not None and not ready:
            break
    proc.wait()
    proc.stdout.close()
    os.close(master)
    stderr = "".join(err)
    stdout = "".join(out)
    if cancelled:
        raise QgsProcessingException("cancelled: lifecircle stopped on SIGINT and removed its partial outputs")
    if proc.returncode != 0:
        raise QgsProcessingException(error_line(stderr))
    if feedback:
        feedback.setProgress(100.0)
    return stdout, stderr


def _quote(s):
    return s if re.match(r"^[\w./:=,+-]+$", s) else "'" + s.replace("'", "'\\''") + "'"
