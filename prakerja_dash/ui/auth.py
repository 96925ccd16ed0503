"""Sign-in: Streamlit's `st.login` (OIDC) when `[auth]` is configured in secrets, else the local
accounts of `prakerja_dash.accounts`. The role decides what a session may download or change."""

from __future__ import annotations

import os
from datetime import datetime

import streamlit as st

from prakerja_dash import accounts, audit, i18n
from prakerja_dash.ui.settings import secret

_USER, _ROLE = "_user", "_role"


def _oidc_configured() -> bool:
    return bool(secret("auth"))


def _oidc_role(email: str | None) -> str:
    """Roles of OIDC users from secrets: `[roles] analysts = [...]`, `admins = [...]` (e-mails)."""
    roles = secret("roles") or {}
    if email and email in roles.get("admins", []):
        return "admin"
    if email and email in roles.get("analysts", []):
        return "analyst"
    return accounts.PUBLIC


def current() -> tuple[str | None, str]:
    """The session's user and role."""
    if _oidc_configured():
        if st.user.is_logged_in:
            email = st.user.get("email")
            return email, _oidc_role(email)
        return None, accounts.PUBLIC
    return st.session_state.get(_USER), st.session_state.get(_ROLE, accounts.PUBLIC)


def _sign_out() -> None:
    st.session_state.pop(_USER, None)
    st.session_state[_ROLE] = accounts.PUBLIC


def sign_in_box(lang: str, container=None) -> None:
    """Who is signed in, with a way out; or the sign-in form."""
    box = container or st.sidebar
    user, role = current()
    if _oidc_configured():
        if user:
            box.caption(i18n.t("auth_signed_in", lang, user=user, role=i18n.t(f"role_{role}", lang)))
            box.button(i18n.t("auth_sign_out", lang), on_click=st.logout, key="auth_sign_out")
        else:
            box.button(i18n.t("auth_sign_in", lang), on_click=st.login, key="auth_sign_in")
        return
    if user:
        box.caption(i18n.t("auth_signed_in", lang, user=user, role=i18n.t(f"role_{role}", lang)))
        box.button(i18n.t("auth_sign_out", lang), on_click=_sign_out, key="auth_sign_out")
        return
    with box.expander(i18n.t("auth_sign_in", lang)), st.form("sign_in"):
        name = st.text_input(i18n.t("auth_name", lang), key="auth_name")
        password = st.text_input(i18n.t("auth_password", lang), type="password", key="auth_password")
        if st.form_submit_button(i18n.t("auth_sign_in", lang)):
            _check(name.strip(), password, lang)


def _check(name: str, password: str, lang: str) -> None:
    try:
        accounts.adopt_legacy_admin(secret("admin_password") or os.environ.get("PRAKERJA_ADMIN_PASSWORD"))
        result = accounts.sign_in(name, password)
    except accounts.AccountError as error:  # the accounts file cannot be read: said, never a traceback
        st.error(error.say(lang))
        return
    if result.outcome == "ok":
        st.session_state[_USER], st.session_state[_ROLE] = result.user, result.role
        st.rerun()
    audit.record("sign_in_failed", user=name, detail={"outcome": result.outcome})
    if result.outcome == "locked":
        until = datetime.fromtimestamp(result.locked_until).strftime("%H:%M")
        st.error(i18n.t("auth_locked", lang, time=until))
    else:
        st.error(i18n.t("auth_wrong", lang))
