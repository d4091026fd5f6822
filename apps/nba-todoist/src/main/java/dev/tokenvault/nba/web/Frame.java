package dev.tokenvault.nba.web;

/**
 * What every page's frame needs.
 *
 * @param sandboxUrl the sandbox's page in sandbox mode, else null (no banner)
 * @param csrf the session's anti-forgery token for forms, or empty before a session exists
 * @param refreshSeconds a meta refresh for pages that update without JavaScript, or 0
 */
public record Frame(String title, String sandboxUrl, boolean signedIn, String csrf, int refreshSeconds) {}
