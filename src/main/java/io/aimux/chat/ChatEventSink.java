package io.aimux.chat;

/** Receives a stream of {@link ChatEvent}s. Called on one thread at a time. */
public interface ChatEventSink {

    void accept(ChatEvent event);

    /** No more events follow. A stream that ends without Finish or Failure is a failure. */
    void end();
}
