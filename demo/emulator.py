"""The local AWS of `make run`: moto's server, with CloudWatch Logs event ids that never repeat.

moto numbers log events from 0 in every process. The portal keeps the ids it has stored per
source and region and skips an event whose id it has seen, as it must with real CloudWatch,
whose ids never repeat. So after `make run` started the emulator again, the demo's new
findings (a sample finding sent from a source page, say) carried ids of findings stored in
an earlier run and were never stored. Starting the count at the current time in microseconds
puts every id of this run above any id an earlier run gave out (it would have had to give out
more than one id per microsecond it ran).

    python -m demo.emulator -H 127.0.0.1 -p 5000   (moto_server's own options)
"""

from __future__ import annotations

import sys
import time

from moto.logs import models
from moto.server import main


def run(argv: list[str]) -> None:
    models.LogEvent._event_id = time.time_ns() // 1000
    main(argv)


if __name__ == "__main__":
    run(sys.argv[1:])
