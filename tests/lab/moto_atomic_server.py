"""moto_server with Amazon S3's conditional writes made atomic, for the lab and the S3 store tests.

moto checks a PUT's If-None-Match / If-Match and then writes in a separate step, so two PUTs racing for one key can
both pass the check and both be told they created it (the second overwriting the first). Amazon S3 decides such a
race for exactly one writer, and the audit log's one-object-per-record append depends on that. One lock around
conditional PUTs makes the emulator faithful there; unconditional writes (backup parts) are left concurrent.
Arguments are moto_server's (-H host -p port).
"""
import sys
import threading

from moto import server
from moto.s3.responses import S3Response

_conditional = threading.Lock()
_put_object = S3Response.put_object


def _put_object_atomically(self):
    if self.headers.get("If-None-Match") is None and self.headers.get("If-Match") is None:
        return _put_object(self)
    with _conditional:
        return _put_object(self)


S3Response.put_object = _put_object_atomically

if __name__ == "__main__":
    server.main(sys.argv[1:])
