package dev.floe.endpoint.web;

/**
 * A curated analyst query from queries/: its file name, the question its heading comment asks, the rest
 * of that comment, and the query text.
 */
public record ExampleQuery(String name, String title, String description, String text) {

    /** Reads the heading comment: the first line is the title, the following comment lines the description. */
    public static ExampleQuery parse(String name, String text) {
        StringBuilder title = new StringBuilder();
        StringBuilder description = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.startsWith("#")) {
                break;
            }
            String content = line.substring(1).strip();
            if (title.length() == 0) {
                title.append(content);
            } else if (!content.isEmpty()) {
                description.append(description.length() == 0 ? "" : " ").append(content);
            }
        }
        return new ExampleQuery(name, title.length() == 0 ? name : title.toString(), description.toString(), text);
    }
}
