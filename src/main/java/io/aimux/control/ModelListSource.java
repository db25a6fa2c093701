package io.aimux.control;

import java.util.List;

/** Where one provider's model ids come from; a call blocks, so it runs on the control-plane threads only. */
@FunctionalInterface
public interface ModelListSource {

    /** The model ids; throws on any failure (classified by {@link ControlFailure#of}). */
    List<String> fetch() throws Exception;
}
