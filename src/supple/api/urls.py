from ninja import NinjaAPI
from ninja.security import django_auth

from supple import __version__
from supple.api import account, sessions
from supple.web.api_docs import LocalSwagger

api = NinjaAPI(
    title="Supple API",
    version=__version__,
    description="Supple's REST API. Sign in through the web pages; requests use the session.",
    auth=django_auth,
    docs=LocalSwagger(),
    # A fixed namespace, so that pages name API routes without importing the API.
    urls_namespace="api",
)
api.add_router("/account", account.router)
api.add_router("/sessions", sessions.router)
