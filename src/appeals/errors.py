"""The one error family: every failure a user can fix is an AppealsError with an exit code."""


class AppealsError(Exception):
    """A problem the user can fix; the CLI shows its message on one line."""

    exit_code = 1


class DataError(AppealsError):
    """A case folder file (targets.yaml, case.yaml, a letter template) is missing or invalid."""


class InputError(AppealsError):
    """A value given on the command line or in a writer's details cannot be used."""


class DeadlinePassed(AppealsError):
    """The action's appeal deadline has passed and --allow-late was not given."""

    exit_code = 3


class UsageError(AppealsError):
    """Options that cannot go together, found after parsing."""

    exit_code = 2
