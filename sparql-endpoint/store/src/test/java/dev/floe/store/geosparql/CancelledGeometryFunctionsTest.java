package dev.floe.store.geosparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.geosparql.implementation.datatype.WKTDatatype;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.geosparql.implementation.vocabulary.Geof;
import org.apache.jena.sparql.function.Function;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.util.Context;
import org.junit.jupiter.api.Test;

/** floe's own geof: functions give up at once when their query has been cancelled (timed out). */
class CancelledGeometryFunctionsTest {

    static NodeValue wkt(String text) {
        return NodeValue.makeNode(NodeFactory.createLiteralDT(text, TypeMapper.getInstance().getSafeTypeByName(WKTDatatype.URI)));
    }

    @Test
    void geometryFunctionsStopOnceTheQueryIsCancelled() {
        Context context = new Context();
        GeoSparqlSetup.install(context); // as a store installs them on its dataset
        NodeValue a = wkt("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))");
        NodeValue b = wkt("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(1 1)");
        NodeValue metres = NodeValue.makeNode(NodeFactory.createURI("http://www.opengis.net/def/uom/OGC/1.0/metre"));
        List<Object[]> calls = List.of(
                new Object[] {Geof.DISTANCE_NAME, new ExprList(List.of(a, b, metres))},
                new Object[] {Geof.CONVEXHULL_NAME, new ExprList(List.of(a))},
                new Object[] {Geof.INTERSECTION_NAME, new ExprList(List.of(a, b))},
                new Object[] {Geof.SF_EQUALS, new ExprList(List.of(a, b))},
                new Object[] {Geof.SF_DISJOINT, new ExprList(List.of(a, b))});
        Context.getOrSetCancelSignal(context);
        ExecutionContext running = ExecutionContext.create(context);
        for (Object[] call : calls) {
            Function f = function(context, (String) call[0], (ExprList) call[1]);
            // runs while the query runs
            assertEquals(true, f.exec(BindingFactory.empty(), (ExprList) call[1], (String) call[0], running) != null);
        }
        Context.getCancelSignal(context).set(true);
        for (Object[] call : calls) {
            Function f = function(context, (String) call[0], (ExprList) call[1]);
            assertThrows(QueryCancelledException.class, () -> f.exec(BindingFactory.empty(), (ExprList) call[1], (String) call[0], running),
                    (String) call[0]);
        }
    }

    /** The function the store's registry gives for {@code uri}, built for {@code args}. */
    private static Function function(Context context, String uri, ExprList args) {
        Function f = FunctionRegistry.get(context).get(uri).create(uri);
        f.build(uri, args, context);
        return f;
    }
}
