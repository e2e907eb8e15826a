package dev.floe.store;

import java.util.regex.Pattern;

import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;

/**
 * The error handler of a load: a geometry literal that does not parse (RIOT's literal checking reports it as a
 * warning, "Lexical form '...' not valid for datatype ... wktLiteral") is an error naming its line and column, so
 * that the load stops before anything commits; everything else goes to {@code next} as before. A bad geometry
 * literal in the store would break its spatial index.
 */
final class GeometryLiteralErrors implements ErrorHandler {

    private static final Pattern GEOMETRY_LITERAL = Pattern.compile(
            "Lexical form '(.*)' not valid for datatype .*?(wktLiteral|gmlLiteral|geoJSONLiteral|kmlLiteral|dggsLiteral)",
            Pattern.DOTALL);

    private final ErrorHandler next;

    GeometryLiteralErrors(ErrorHandler next) {
        this.next = next;
    }

    @Override
    public void warning(String message, long line, long col) {
        java.util.regex.Matcher m = message == null ? null : GEOMETRY_LITERAL.matcher(message);
        if (m != null && m.matches()) {
            String lexical = m.group(1).length() > 80 ? m.group(1).substring(0, 80) + "..." : m.group(1);
            throw new RiotException("[line: " + line + ", col: " + col + "] invalid geometry literal \"" + lexical
                    + "\"^^geo:" + m.group(2) + ": it does not parse");
        }
        next.warning(message, line, col);
    }

    @Override
    public void error(String message, long line, long col) {
        next.error(message, line, col);
    }

    @Override
    public void fatal(String message, long line, long col) {
        next.fatal(message, line, col);
    }
}
