package dev.tokenvault.nba.web;

import dev.tokenvault.TokenvaultException;
import dev.tokenvault.nba.schedule.ScheduleException;
import dev.tokenvault.nba.todoist.TodoistException;
import dev.tokenvault.signin.SignInException;

/** A failure as a person sees it: an honest status, what happened, and what to do next. */
record Problem(int status, String heading, String message, String actionHref, String actionLabel) {
  static final Problem NOT_FOUND = new Problem(404, "Page not found", "There is nothing at this address.", "/", "Go to the start");
  static final Problem SESSION_EXPIRED = new Problem(401, "Your session has ended",
      "You were signed out after a while without activity, or signed out elsewhere.", "/signin", "Sign in again");
  static final Problem FORGED = new Problem(403, "This form could not be accepted",
      "It did not come from this site's own page, or the page was too old. Nothing was changed.", "/teams", "Start again");

  static Problem of(Exception e) {
    return switch (e) {
      case SignInException s -> switch (s.reason()) {
        case ACCESS_DENIED -> new Problem(403, "Todoist access was declined", s.getMessage(), "/", "Back to the start");
        case CODE_EXCHANGE_FAILED, ACCOUNT_LOOKUP_FAILED -> new Problem(s.retryable() ? 503 : 502,
            "Todoist did not complete the sign-in", s.getMessage(), "/signin", "Try signing in again");
        default -> new Problem(400, "This sign-in link cannot be used", s.getMessage(), "/signin", "Sign in again");
      };
      case TokenvaultException t -> switch (t.reason()) {
        case NEEDS_REAUTH, NOT_FOUND -> new Problem(401, "Please sign in with Todoist again",
            "Todoist no longer accepts this app's access for your account. Signing in again fixes it.", "/signin", "Sign in again");
        case TRY_LATER, PROVIDER_ERROR -> new Problem(503, "Todoist is not answering right now",
            "Your connection is fine and nothing was lost. Try again in a few minutes.", "/teams", "Try again");
        case STORAGE_UNAVAILABLE, SEALED_DATA_INVALID -> new Problem(503, "The app is having trouble",
            "Its database is not available right now. Nothing was lost; try again in a few minutes.", "/", "Try again");
      };
      case TodoistException t -> switch (t.reason()) {
        case UNAUTHORIZED -> new Problem(401, "Please sign in with Todoist again", t.getMessage(), "/signin", "Sign in again");
        case PROJECT_LIMIT_REACHED -> new Problem(409, "Your Todoist has no room for another project", t.getMessage(), "/teams", "Choose another place");
        case RATE_LIMITED, UNAVAILABLE -> new Problem(503, "Todoist is not answering right now",
            t.getMessage() + " Tasks already written stay; importing again continues where this stopped.", "/teams", "Try again");
        case BAD_REQUEST -> new Problem(502, "Todoist refused the import", t.getMessage(), "/teams", "Back to the teams");
      };
      case ScheduleException s -> new Problem(503, "The NBA schedule is not available", s.getMessage(), "/teams", "Try again");
      default -> new Problem(500, "Something went wrong", "The error was logged. Nothing was lost; try again.", "/", "Back to the start");
    };
  }
}
