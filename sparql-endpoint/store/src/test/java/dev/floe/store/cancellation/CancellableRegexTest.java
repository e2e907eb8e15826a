package dev.floe.store.cancellation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.E_Regex;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.util.Context;
import org.junit.jupiter.api.Test;

class CancellableRegexTest {

    static ExecutionContext query(AtomicBoolean[] signal) {
        Context context = new Context();
        signal[0] = Context.getOrSetCancelSignal(context);
        return ExecutionContext.create(context);
    }

    static Expr s(String text) {
        return text == null ? null : NodeValue.makeString(text);
    }

    @Test
    void matchesAsArqsRegexDoes() {
        AtomicBoolean[] signal = new AtomicBoolean[1];
        ExecutionContext cxt = query(signal);
        String[][] cases = {{"Ross Ice Shelf", "ice", null}, {"Ross Ice Shelf", "ice", "i"}, {"a.b", ".", "q"},
            {"axb", "a.b", "q"}, {"line1\nline2", "^line2$", "m"}, {"", "^$", null}, {"x y", "x y", "x"}};
        for (String[] c : cases) {
            boolean arq = new E_Regex(s(c[0]), s(c[1]), s(c[2])).eval(BindingFactory.empty(), cxt).getBoolean();
            boolean ours = new CancellableRegex(s(c[0]), s(c[1]), s(c[2])).eval(BindingFactory.empty(), cxt).getBoolean();
            assertEquals(arq, ours, String.join(" / ", String.valueOf(c[0]), c[1], String.valueOf(c[2])));
        }
    }

    @Test
    void aCatastrophicMatchStopsOnceTheQueryIsCancelled() throws Exception {
        AtomicBoolean[] signal = new AtomicBoolean[1];
        ExecutionContext cxt = query(signal);
        Expr regex = new CancellableRegex(s("a".repeat(40) + "!"), s("^((a+)+)+$"), null);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> signal[0].set(true), 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThrows(QueryCancelledException.class, () -> regex.eval(BindingFactory.empty(), cxt));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1000, "stopped " + ms + " ms after it began, 200 ms after it was cancelled");
        } finally {
            timer.shutdownNow();
        }
    }
}
