# Runs a command on a real pseudo-terminal (80x24, xterm-256color) for WscatPtyTest, as a person at
# a terminal would: waits for wscat's prompt, types "hel", says "typed" on stdout and waits until the
# test's server message is drawn with the typed line after it, then presses Ctrl+C, which the kernel's
# line discipline turns into SIGINT. Prints "exit N" and the base64 of everything the terminal
# received. Every wait is bounded; a step that times out says so and the rest still runs.
import base64, fcntl, os, pty, select, struct, sys, termios, time

transcript = b""


def read_until(fd, marker, seconds):
    """Reads the terminal's output until marker has appeared in it (or EOF / the time is up)."""
    global transcript
    deadline = time.monotonic() + seconds
    while marker is None or marker not in transcript:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.stdout.write("timeout %r\n" % (marker,))
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return marker is None
            if not data:
                return marker is None
            transcript += data
    return True


pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

if read_until(fd, b"Connected", 20) and read_until(fd, b"> ", 10):
    os.write(fd, b"hel")
    read_until(fd, b"> hel", 10)
    sys.stdout.write("typed\n")
    sys.stdout.flush()
    read_until(fd, b"pushed", 10)
    mark = transcript.index(b"pushed") if b"pushed" in transcript else len(transcript)
    deadline = time.monotonic() + 10
    while b"> hel" not in transcript[mark:] and time.monotonic() < deadline:
        read_until(fd, b"> hel", 0.2)
    os.write(fd, b"\x03")
if not read_until(fd, None, 20):
    os.kill(pid, 9)  # never leave it behind
_, status = os.waitpid(pid, 0)
sys.stdout.write("exit %d\n" % os.waitstatus_to_exitcode(status))
sys.stdout.write(base64.b64encode(transcript).decode("ascii") + "\n")
