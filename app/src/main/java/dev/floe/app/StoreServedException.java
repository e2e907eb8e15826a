package dev.floe.app;

import java.nio.file.Path;

import dev.floe.geo.FloeException;

/**
 * A command that writes a store directly was run while a floe server holds the store: the message names the server
 * (URL and process) and what to do instead ({@code {URL}} in it stands for the server's base URL). Exit code 1.
 */
final class StoreServedException extends FloeException {

    private static final long serialVersionUID = 1L;

    StoreServedException(Path store, ServerRecord server, String instead) {
        super(store + ": the store is in use by " + server.describe() + "; "
                + (instead != null ? instead.replace("{URL}", server.base().toString()) : "stop that server (Ctrl-C where it runs) and run this command again"));
    }
}
