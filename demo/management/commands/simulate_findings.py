import time

from django.core.management.base import BaseCommand, CommandError

from demo.findings import DEMO_ACCOUNT, FindingGenerator
from demo.simulator import Simulator, require_emulator
from log_sources.regions import REGION_CODES


class Command(BaseCommand):
    help = (
        "Write realistic GuardDuty findings every few seconds into each region's Armor_GuardDuty_Log_Group "
        "of the local AWS emulator (AWS_ENDPOINT_URL), once the collection template has created it there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds (default 5).")
        parser.add_argument("--per-region", type=int, default=1, help="Findings per deployed region per round.")
        parser.add_argument(
            "--account", default=DEMO_ACCOUNT, help="Account id the findings name (default %(default)s)."
        )
        parser.add_argument("--region", action="append", dest="regions", help="Only this region (repeatable).")
        parser.add_argument(
            "--rounds", type=int, default=0, help="Stop after this many rounds (default: run until stopped)."
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for repeatable findings.")

    def handle(self, *args, **options):
        try:
            endpoint = require_emulator()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        regions = options["regions"] or list(REGION_CODES)
        unknown = sorted(set(regions) - set(REGION_CODES))
        if unknown:
            raise CommandError(f"Unknown region(s): {', '.join(unknown)}. Use codes like us-east-1.")
        simulator = Simulator(
            regions=regions,
            generator=FindingGenerator(account=options["account"], seed=options["seed"]),
            out=lambda line: self.stdout.write(line),
        )
        self.stdout.write(
            f"Simulating GuardDuty findings for account {options['account']} in {len(regions)} region(s) "
            f"at {endpoint}; waiting for the collection template to be deployed."
        )
        rounds, last_report, reported = 0, time.monotonic(), 0
        try:
            while True:
                started = time.monotonic()
                try:
                    simulator.tick(per_region=options["per_region"])
                except Exception as exc:  # the emulator restarting must not stop the demo's findings
                    self.stderr.write(f"Could not write findings this round: {exc}")
                rounds += 1
                if options["rounds"] and rounds >= options["rounds"]:
                    break
                if time.monotonic() - last_report >= 60 and simulator.written != reported:
                    self.stdout.write(
                        f"{simulator.written - reported} findings written in the last minute "
                        f"({len(simulator.deployed)} region(s) deployed)."
                    )
                    last_report, reported = time.monotonic(), simulator.written
                time.sleep(max(0.0, options["interval"] - (time.monotonic() - started)))
        except KeyboardInterrupt:
            pass
        self.stdout.write(f"Simulator stopped after {simulator.written} findings.")
