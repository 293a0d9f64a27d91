"""Helpers used only by the test settings and the test suite."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with the same algorithm and hash format, but cheap enough to hash many test users."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
