"""Short public posts that tag a target's social accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from appeals.errors import DataError, InputError
from appeals.loading import CaseFolder
from appeals.models import Action, Lang, Target

# characters a post may have; on X every link counts as 23, however long it is
LIMITS = {"x": 280, "instagram": 2200}
LINK_LENGTH = {"x": 23}
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Post:
    platform: str
    handle: str
    text: str
    length: int
    limit: int


def post_length(text: str, platform: str) -> int:
    counted = LINK_LENGTH.get(platform)
    if counted is None:
        return len(text)
    return len(_URL.sub("", text)) + counted * len(_URL.findall(text))


def compose_post(
    folder: CaseFolder, action: Action, target: Target, lang: Lang, platform: str
) -> Post:
    handle = target.social.get(platform)
    if handle is None:
        having = [t.id for t in folder.targets.values() if platform in t.social]
        choices = f"targets with one: {', '.join(having)}" if having else "no target has one"
        raise InputError(f"{target.id} has no {platform} account in targets.yaml; {choices}")
    template = action.text(lang).post
    if template is None:
        raise DataError(
            f"case.yaml: actions.{action.id}.{lang}.post is missing; write a short post"
        )
    text = " ".join(template.replace("{handle}", f"@{handle}").split())
    length, limit = post_length(text, platform), LIMITS[platform]
    if length > limit:
        raise DataError(
            f"case.yaml: actions.{action.id}.{lang}.post is {length} characters on {platform}, "
            f"over its limit of {limit}; shorten it"
        )
    return Post(platform=platform, handle=handle, text=text, length=length, limit=limit)
