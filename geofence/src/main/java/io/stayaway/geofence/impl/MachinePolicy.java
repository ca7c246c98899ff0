package io.stayaway.geofence.impl;

/** When a machine opens and closes; immutable. */
record MachinePolicy(
        int confirmFixes,
        long confirmSpanMillis,
        int closeFixes,
        long closeDwellMillis,
        double updateStepMetres,
        int maxSupportingSeqs) {}
