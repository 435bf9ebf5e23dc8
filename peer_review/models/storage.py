"""Private storage for case documents and rectification evidence."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Case documents live outside MEDIA_ROOT: no URL serves them except the
    permission-checked download view. The location is read at use, so settings
    overrides (tests) apply."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PEER_REVIEW_PRIVATE_ROOT or f"{settings.MEDIA_ROOT}-private"

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("case documents have no public URL")

    def deconstruct(self):
        return ("peer_review.models.PrivateStorage", (), {})


def private_storage():
    return PrivateStorage()
