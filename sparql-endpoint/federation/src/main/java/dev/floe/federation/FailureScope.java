package dev.floe.federation;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.eclipse.rdf4j.federated.evaluation.concurrent.TaskWrapper;

/**
 * Ties every member request to the query attempt (or summary) that makes it, so that the attempt learns of its
 * own failures only. The gateway runs each attempt {@linkplain #recording recording} into the attempt's
 * {@link MemberFailures}; as FedX's {@link TaskWrapper} (its hook for thread contexts) this scope goes along with
 * every task the attempt hands to FedX's worker threads; the member's HTTP client ({@link MemberConnection})
 * asks {@link #current()} when it sends a request. One per gateway; thread-safe.
 */
final class FailureScope implements TaskWrapper {

    private final ThreadLocal<MemberFailures> current = new ThreadLocal<>();

    /** Runs {@code work} on this thread with the member requests it makes, here or in FedX's workers, recorded in {@code failures}. */
    <T> T recording(MemberFailures failures, Supplier<T> work) {
        MemberFailures outer = current.get();
        current.set(failures);
        try {
            return work.get();
        } finally {
            restore(outer);
        }
    }

    /** Where this thread's member requests record their failures; null outside any attempt. */
    MemberFailures current() {
        return current.get();
    }

    @Override
    public Runnable wrap(Runnable task) {
        MemberFailures submitter = current.get();
        return () -> recording(submitter, () -> {
            task.run();
            return null;
        });
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> task) {
        MemberFailures submitter = current.get();
        return () -> {
            MemberFailures outer = current.get();
            current.set(submitter);
            try {
                return task.call();
            } finally {
                restore(outer);
            }
        };
    }

    private void restore(MemberFailures outer) {
        if (outer == null) {
            current.remove();
        } else {
            current.set(outer);
        }
    }
}
