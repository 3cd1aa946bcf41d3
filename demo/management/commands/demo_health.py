"""Give collection health something to show in the running local emulator (make run does, on every start)."""

from django.core.management.base import BaseCommand

from demo.health import create_demo_health

from .seed_demo import demo_user_and_endpoint


class Command(BaseCommand):
    help = (
        "In the local emulator, switch GuardDuty off in one region of the demo account and add a source whose "
        "findings stopped a day ago, and give the demo tenant an email notification channel."
    )

    def handle(self, *args, **options):
        user, endpoint = demo_user_and_endpoint()
        create_demo_health(user=user, endpoint=endpoint, out=self.stdout.write)
