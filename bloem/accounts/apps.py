from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bloem.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Session bookkeeping only (no domain logic): every login starts the idle and
        # absolute clocks; removing an authenticator makes the next request check again
        # that the worker still has a second factor.
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from . import signals

        user_logged_in.connect(signals.start_session_clocks,
                               dispatch_uid="bloem.accounts.start_session_clocks")
        authenticator_removed.connect(signals.recheck_second_factor,
                                      dispatch_uid="bloem.accounts.recheck_second_factor")
