package dev.registry.oplog;

public enum OpKind { REGISTER, UPDATE, SET_STATUS, SET_HEALTH, DEREGISTER, EXPIRE, ADOPT }
