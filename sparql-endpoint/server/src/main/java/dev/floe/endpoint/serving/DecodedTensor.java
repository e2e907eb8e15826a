package dev.floe.endpoint.serving;

import dev.floe.ml.api.DataType;

/**
 * One input as a request gives it, before the model's signature types and checks it: its name (null when the request
 * leaves it unnamed because the model takes one input), the datatype the request declares (null where the protocol
 * declares none, as TF Serving's JSON), its shape and its elements.
 */
record DecodedTensor(String name, DataType declared, long[] shape, Elements elements) {
}
