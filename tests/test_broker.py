"""The embedded file-system broker never hands a worker half a message."""

from __future__ import annotations

import threading
import time
from queue import Empty

from kombu import Connection

from portal.broker import Transport


def test_a_reader_polling_the_folder_gets_whole_messages_only(tmp_path):
    """A reader polls the folder without pause while large messages are written.

    kombu's own file-system transport creates the file before writing into it, so a reader
    polling at that moment takes an empty or partial file and fails to decode it (this test
    fails with it). Every message taken here must decode whole, in order.
    """
    folder = str(tmp_path)
    options = {
        "data_folder_in": folder,
        "data_folder_out": folder,
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    body = "x" * 2_000_000
    sent = 20

    def write():
        with Connection("filesystem://", transport=Transport, transport_options=options) as connection:
            channel = connection.default_channel
            for number in range(sent):
                channel._put("relay.test", {"number": number, "body": body})

    received = []
    with Connection("filesystem://", transport=Transport, transport_options=options) as connection:
        channel = connection.default_channel
        writer = threading.Thread(target=write)
        writer.start()
        deadline = time.monotonic() + 60
        while len(received) < sent and time.monotonic() < deadline:
            try:
                received.append(channel._get("relay.test"))
            except Empty:
                continue
        writer.join()
    assert [m["number"] for m in received] == list(range(sent))
    assert all(m["body"] == body for m in received)
