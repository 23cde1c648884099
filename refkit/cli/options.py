"""Options several commands share, so each reads and is documented the same everywhere."""
from __future__ import annotations

import click

__all__ = ["output_option", "project_option", "tag_option"]

project_option = click.option("--project", "-p", default=None, metavar="NAME",
                              help="Only the entries of this project.")
tag_option = click.option("--tag", default=None, metavar="TAG", help="Only the entries with this tag.")
output_option = click.option("-o", "--output", default=None, metavar="FILE",
                             help="Write here instead of stdout ('-').")
