"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

The public site gets ``CONTENT_SECURITY_POLICY``: scripts and styles only from this
site's files, no inline code, media and players only from the configured sources.
The Wagtail admin (``CONTENT_SECURITY_POLICY_ADMIN_PREFIXES``) needs inline scripts
and styles and gets ``CONTENT_SECURITY_POLICY_ADMIN`` instead. Both allow this
host's own WebSocket (``ws:``/``wss:`` on the same host, for the live pages and the
host console): CSP Level 2 browsers do not read ``'self'`` as covering it.
"""

from dataclasses import replace

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import DisallowedHost


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(
            tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
        ):
            parts = replace(
                parts,
                config=default_config(
                    settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
                ),
            )
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        sockets = {"connect-src": [f"ws://{host}", f"wss://{host}"]}
        update = dict(parts.update or {})
        for directive, sources in sockets.items():
            update[directive] = [*update.get(directive, []), *sources]
        return replace(parts, update=update)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
