package io.stayaway.simulator;
