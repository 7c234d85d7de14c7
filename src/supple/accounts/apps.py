from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "supple.accounts"
    label = "accounts"
    verbose_name = "Accounts"
