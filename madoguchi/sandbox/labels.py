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

SECURITY_HOLD = {True: "あり", False: "なし"}

TIER = {"standard": "スタンダード", "silver": "シルバー", "gold": "ゴールド", "vip": "VIP"}

EVENT_KIND = {
    "password_change": "パスワード変更",
    "email_change": "メールアドレス変更",
    "two_factor_change": "二段階認証の変更",
    "withdrawal_address_change": "出金先アドレスの変更",
    "password_reset_sent": "パスワード再設定メール送信",
}

WITHDRAWAL_STATUS = {
    "pending_review": "審査待ち",
    "processing": "処理中",
    "broadcast": "ブロードキャスト済み",
    "completed": "完了",
    "held": "保留",
    "failed": "失敗",
}

HOLD_TYPE = {
    "aml": "AML",
    "compliance": "コンプライアンス",
    "new_address": "新規アドレス",
    "security": "セキュリティ",
    "travel_rule": "トラベルルール",
}

FEE_KIND = {"trade": "取引", "withdrawal": "出金", "deposit": "入金"}

NOTICE_KIND = {"maintenance": "定期メンテナンス", "congestion": "混雑"}

# An announced notice without an end time.
UNDECIDED = "未定"

DATE_FORMAT = "%Y/%m/%d"
