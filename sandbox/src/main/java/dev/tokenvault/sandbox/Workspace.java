package dev.tokenvault.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sandbox user's Todoist: projects, sections, tasks (Todoist calls them items in sync commands)
 * and reminders, kept as JSON-shaped maps, plus the command uuids already executed so that a retried
 * command is answered, not run again. Callers synchronize on the workspace.
 */
final class Workspace {
  private static final AtomicLong IDS = new AtomicLong(6_000_000_000L);

  final String userId;
  final String name;
  final String inboxProjectId;
  final Map<String, Map<String, Object>> projects = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> items = new LinkedHashMap<>();
  final List<Map<String, Object>> reminders = new ArrayList<>();
  final Map<String, Object> processedCommands = new HashMap<>();
  final Map<String, String> tempIds = new HashMap<>();
  private final int projectLimit;

  Workspace(String name, int projectLimit) {
    this.userId = newId();
    this.name = name;
    this.projectLimit = projectLimit;
    this.inboxProjectId = newId();
    var inbox = new LinkedHashMap<String, Object>();
    inbox.put("id", inboxProjectId);
    inbox.put("name", "Inbox");
    inbox.put("color", "charcoal");
    inbox.put("inbox_project", true);
    projects.put(inboxProjectId, inbox);
  }

  static String newId() {
    return Long.toString(IDS.incrementAndGet());
  }

  Map<String, Object> user() {
    var user = new LinkedHashMap<String, Object>();
    user.put("id", userId);
    user.put("email", name + "@sandbox.invalid");
    user.put("full_name", name);
    user.put("inbox_project_id", inboxProjectId);
    user.put("tz_info", Map.of("timezone", "UTC", "gmt_string", "+00:00", "hours", 0, "minutes", 0, "is_dst", 0));
    return user;
  }

  /** Runs one sync command; returns "ok" or Todoist's error object. */
  Object execute(String type, Map<String, Object> args, String tempId) {
    return switch (type) {
      case "project_add" -> addProject(args, tempId);
      case "section_add" -> add(sections, args, tempId, "project_id");
      case "item_add" -> add(items, args, tempId, "project_id");
      case "item_update" -> update(args);
      case "item_delete" -> items.remove(resolve(args.get("id"))) != null ? "ok" : notFound("Item");
      case "item_move" -> move(args);
      case "reminder_add" -> addReminder(args, tempId);
      default -> error(400, 19, "INVALID_COMMAND", "Unknown command type: " + type);
    };
  }

  private Object addProject(Map<String, Object> args, String tempId) {
    if (projects.size() >= projectLimit) {
      return error(403, 49, "MAX_PROJECTS_LIMIT_REACHED", "Maximum number of projects per user limit reached");
    }
    if (!(args.get("name") instanceof String name) || name.isBlank()) {
      return error(400, 19, "ARGUMENT_MISSING", "Required argument is missing: name");
    }
    return add(projects, args, tempId, null);
  }

  private Object add(Map<String, Map<String, Object>> into, Map<String, Object> args, String tempId, String parent) {
    var entity = new LinkedHashMap<String, Object>(args);
    String id = newId();
    entity.put("id", id);
    if (parent != null) {
      Object parentId = resolve(args.get(parent));
      if (parentId == null && parent.equals("project_id")) {
        parentId = inboxProjectId;
      }
      if (!projects.containsKey(String.valueOf(parentId))) {
        return notFound("Project");
      }
      entity.put(parent, parentId);
    }
    if (args.get("section_id") != null) {
      Object sectionId = resolve(args.get("section_id"));
      if (!sections.containsKey(String.valueOf(sectionId))) {
        return notFound("Section");
      }
      entity.put("section_id", sectionId);
    }
    into.put(id, entity);
    if (tempId != null) {
      tempIds.put(tempId, id);
    }
    return "ok";
  }

  private Object update(Map<String, Object> args) {
    Map<String, Object> item = items.get(resolve(args.get("id")));
    if (item == null) {
      return notFound("Item");
    }
    args.forEach((k, v) -> {
      if (!k.equals("id")) {
        item.put(k, v);
      }
    });
    return "ok";
  }

  private Object move(Map<String, Object> args) {
    Map<String, Object> item = items.get(resolve(args.get("id")));
    if (item == null) {
      return notFound("Item");
    }
    if (args.get("section_id") != null) {
      item.put("section_id", resolve(args.get("section_id")));
    }
    if (args.get("project_id") != null) {
      item.put("project_id", resolve(args.get("project_id")));
      item.remove("section_id");
    }
    return "ok";
  }

  private Object addReminder(Map<String, Object> args, String tempId) {
    String itemId = resolve(args.get("item_id"));
    if (!items.containsKey(itemId)) {
      return notFound("Item");
    }
    var reminder = new LinkedHashMap<String, Object>(args);
    reminder.put("id", newId());
    reminder.put("item_id", itemId);
    reminders.add(reminder);
    if (tempId != null) {
      tempIds.put(tempId, (String) reminder.get("id"));
    }
    return "ok";
  }

  /** An id or a temp id used earlier (in this request or before). */
  String resolve(Object id) {
    if (id == null) {
      return null;
    }
    String text = id.toString();
    return tempIds.getOrDefault(text, text);
  }

  private static Map<String, Object> notFound(String what) {
    return error(404, 22, "NOT_FOUND", what + " not found");
  }

  static Map<String, Object> error(int httpCode, int errorCode, String tag, String message) {
    var error = new LinkedHashMap<String, Object>();
    error.put("error", message);
    error.put("error_code", errorCode);
    error.put("error_extra", Map.of());
    error.put("error_tag", tag);
    error.put("http_code", httpCode);
    return error;
  }
}
