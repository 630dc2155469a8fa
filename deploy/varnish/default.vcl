# Varnish 7 in front of gunicorn (docs/operations.md, "Front cache (Varnish)").
#
# Varnish keeps only what the site itself marks as the same for every anonymous visitor: a
# response carrying X-Page-Cache (set by core.page_cache to a 200 of a public Wagtail page, asked
# by a visitor without session, answered without cookie, without Cache-Control private/no-store and
# with no view restriction on the page). Everything else passes through.
#
# With FRONTEND_CACHE_URL pointing here, the site sends PURGE for a page's URLs when it is
# published, unpublished or deleted (wagtail.contrib.frontend_cache), and BAN (forget every page)
# whenever its own page cache is purged: a move, a view restriction, a snippet, a setting, any
# page saved (core.front_cache). Both are accepted only from the `purgers` ACL.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may PURGE: the application servers (same machine by default).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "BAN not allowed"));
        }
        # obj.* only, so that the ban lurker can clear old objects in the background.
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, sign-in and member areas are never cached, whoever asks.
    if (req.url ~ "^/(admin|django-admin|accounts|me)(/|$)" || req.url ~ "^/[a-z]{2}(-[a-z]+)?/(accounts|me)(/|$)") {
        return (pass);
    }
    # A visitor with a session (logged in, a page password entered, a message waiting) or a CSRF
    # token (a form in progress) sees pages of their own: straight to Django.
    # (Django's default cookie names; change them here if SESSION_COOKIE_NAME/CSRF_COOKIE_NAME change.)
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" || req.http.Authorization) {
        return (pass);
    }
    # Any other cookie (analytics, consent …) does not change the page: drop it so the request can
    # be served from cache. Static files carry no state either.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/static/") {
        # WhiteNoise's far-future headers decide (builtin logic).
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store)"
        || !beresp.http.X-Page-Cache
        || beresp.status != 200) {
        # Not the same for everyone: remember for a while that it is not cacheable (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The site tells browsers max-age=0 (they revalidate; it purges): Varnish keeps the page until
    # purged, at most this long.
    set beresp.ttl = 5m;
    set beresp.grace = 30s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
