"""What a mail's own MIME parts say about another mail: delivery actions, enclosed Message-IDs.

Read while walking the MIME tree (never inside an enclosed message) and handed to the
guards, which alone decide whether the mail is a bounce: a customer forwarding an old
mail as ``message/rfc822`` encloses a Message-ID too, and is still a customer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """``actions``: each recipient's ``Action`` in a delivery-status part, lower case
    (``failed``, ``delayed``, ``delivered``, ``relayed``, ``expanded``).
    ``referenced_ids``: Message-IDs of the enclosed messages and headers
    (``message/rfc822``, ``text/rfc822-headers``) and of a read receipt's
    ``Original-Message-ID``, in the order found."""

    actions: tuple[str, ...] = ()
    referenced_ids: tuple[str, ...] = ()


NO_REPORT = DeliveryReport()
