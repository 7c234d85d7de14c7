"""Argon2 with the cheapest parameters: the same algorithm as production, fast enough for
hundreds of test users. Never used outside the tests."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1
