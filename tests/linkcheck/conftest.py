"""Local web servers for the link checker's tests: plain HTTP with every kind of answer, and
HTTPS with a self-signed certificate. Nothing leaves 127.0.0.1."""

import contextlib
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

SLOW_SECONDS = 1.5  # longer than the timeout the tests set (TIMEOUT)
TIMEOUT = 0.5
DRIP_SECONDS = 0.2  # between header lines: each read is quick, the answer never ends
DRIP_LINES = 300  # a minute of dripping, unless the checker hangs up first


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path; every request is logged on the server as (method, path, user agent)."""

    def do_HEAD(self):
        self._answer(send_body=False)

    def do_GET(self):
        self._answer(send_body=True)

    def _answer(self, *, send_body):
        self.server.requests.append((self.command, self.path, self.headers.get("User-Agent")))
        path = self.path.split("?")[0]
        if path in self.server.answers:
            self._send(self.server.answers[path], send_body=send_body)
        elif path in ("/ok", "/page"):
            self._send(200, send_body=send_body)
        elif path == "/moved":
            self._send(301, location="/ok")
        elif path == "/loop":
            self._send(302, location="/loop")
        elif path == "/to-ftp":
            self._send(301, location="ftp://127.0.0.1/file.pdf")
        elif path == "/missing":
            self._send(404, send_body=send_body)
        elif path == "/crash":
            self._send(500, send_body=send_body)
        elif path == "/busy":
            self._send(503, send_body=send_body)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, send_body=send_body)
        elif path == "/to-loopback":
            self._send(301, location=f"http://[::1]:{self.server.server_port}/ok")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, send_body=send_body)
        elif path == "/drip":
            self._drip()
        else:
            self._send(404, send_body=send_body)

    def _send(self, code, *, location=None, send_body=False):
        body = b"<!doctype html><title>Test</title>" + b"x" * 10_000
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body) if send_body else 0))
        self.end_headers()
        if send_body:
            # The checker hangs up after the first few KB, as it should.
            with contextlib.suppress(OSError):
                self.wfile.write(body)

    def _drip(self):
        with contextlib.suppress(OSError):
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(DRIP_LINES):
                self.wfile.write(f"X-Drip-{number}: .\r\n".encode())
                time.sleep(DRIP_SECONDS)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = []
        self.answers = {}  # path: status, set by a test to change a page's answer

    def methods(self, path):
        """The methods of the requests for `path`, in order (other tests' stragglers ignored)."""
        return [method for method, requested, _ in self.requests if requested == path]


def _serve(server, scheme):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = lambda path: f"{scheme}://127.0.0.1:{server.server_port}{path}"
    return server


@pytest.fixture(scope="session")
def _web_server():
    server = _serve(_Server(("127.0.0.1", 0), _Handler), "http")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def web(_web_server):
    """An HTTP server on a free port; `web.url('/ok')` is an address on it, `web.requests` the
    requests it received during this test; `web.answers['/p'] = 404` sets a page's answer."""
    _web_server.requests.clear()
    _web_server.answers.clear()
    return _web_server


def _self_signed_certificate(directory):
    """A certificate no one vouches for; never skipped, or bad TLS would go untested."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        _write_with_cryptography(cert, key)
    except ImportError:
        openssl = shutil.which("openssl")
        if openssl is None:
            pytest.fail(
                "A self-signed certificate is needed for the bad-TLS test: install openssl "
                "(apt-get install openssl) or the cryptography package."
            )
        subprocess.run(
            [
                openssl,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],  # fmt: skip
            check=True,
            capture_output=True,
        )
    return cert, key


def _write_with_cryptography(cert_path, key_path):
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.fixture(scope="session")
def _certificate(tmp_path_factory):
    return _self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def bad_tls(_certificate):
    """An HTTPS server whose certificate is self-signed; `bad_tls.url('/ok')`."""
    cert, key = _certificate
    server = _Server(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield _serve(server, "https")
    server.shutdown()
    server.server_close()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls_drip():
    """An address whose server starts a TLS handshake and sends it a byte at a time."""
    listener = socket.create_server(("127.0.0.1", 0))

    def accept():
        with contextlib.suppress(OSError):
            while True:
                connection, _ = listener.accept()
                threading.Thread(target=_drip_handshake, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/ok"
    listener.close()


def _drip_handshake(connection):
    with connection, contextlib.suppress(OSError):
        connection.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record 16 KB long ...
        for _ in range(DRIP_LINES):
            connection.sendall(b"\x02")  # ... that never finishes arriving
            time.sleep(DRIP_SECONDS)


@pytest.fixture(autouse=True)
def _fast_checks(settings):
    settings.LINKCHECK_TIMEOUT = TIMEOUT
    settings.LINKCHECK_CONCURRENCY = 4
    settings.LINKCHECK_DEADLINE = 20
    # The test servers listen on 127.0.0.1; tests of the refusal set it back to False.
    settings.LINKCHECK_ALLOW_PRIVATE = True


@pytest.fixture
def closed_port():
    """A local address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
