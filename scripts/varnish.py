"""Debian's varnishd with the project's VCL (deploy/varnish/default.vcl) in front of a server on
this machine, for the front-cache test (tests/scale/test_varnish.py) and the throughput benchmark."""

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_varnishd(backend_port: int | str, vcl_text: str | None = None):
    """varnishd in the foreground on a free port; yields the port. The VCL's backend port (8000)
    becomes `backend_port`."""
    if VARNISHD is None:
        raise RuntimeError("varnishd is not installed: apt-get install varnish")
    workdir = Path(tempfile.mkdtemp(prefix="alliance-varnish-"))
    workdir.chmod(0o755)  # varnishd compiles the VCL as its own user
    vcl = workdir / "front.vcl"
    vcl.write_text((vcl_text or VCL.read_text()).replace('.port = "8000";', f'.port = "{backend_port}";'))
    vcl.chmod(0o644)
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - the installed varnishd, arguments of our own
        [VARNISHD, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,64m"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.stdout.read().decode(errors="replace")
                    raise RuntimeError(f"varnishd did not start: {output}") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
