"""The embedded file-system broker, with messages that appear only once they are whole.

kombu's file-system transport creates a message file and then writes into it; a worker
polling the folder can take the file in between and read half a message (or none), and the
worker dies decoding it. Here a message is written under a name no queue reads and renamed
into place, which is atomic on one file system, so a reader sees all of it or nothing.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        # A leading dot and no ".msg" ending: `_get` matches "<stamp>_<uuid>.<queue>.msg" only.
        partial = os.path.join(self.data_folder_out, f".writing-{uuid.uuid4()}")
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add a message for queue {queue!r} to {self.data_folder_out}") from exc


class Transport(filesystem.Transport):
    Channel = Channel

    @property
    def default_connection_params(self):
        # Folders have no host; the virtual transports' default "localhost" only makes kombu
        # warn "No hostname was supplied" on every connection of every process.
        return {"port": self.default_port, "hostname": None}
