"""The Japanese words the legacy back office shows for each stored code."""

from __future__ import annotations

ACCOUNT_STATE = {"active": "有効", "locked": "ロック", "frozen": "凍結"}

KYC_STATUS = {
    "not_submitted": "未提出",
    "in_review": "審査中",
    "documents_required": "書類不備",
    "approved": "承認済み",
    "rejected": "否認",
}

REJECTION = {"documents": "書類不備による否認", "compliance": "コンプライアンス上の理由"}

DOCUMENT = {
    "id_document_front": "本人確認書類（表面）",
    "id_document_back": "本人確認書類（裏面）",
    "proof_of_address": "住所確認書類",
    "selfie": "セルフィー",
    "my_number": "マイナンバー確認書類",
}

# What an empty cell shows, as old screens do.
NONE = "－"

TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M"
