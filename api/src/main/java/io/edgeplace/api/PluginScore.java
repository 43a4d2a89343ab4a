package io.edgeplace.api;

/**
 * One score plugin's contribution to one node's total.
 *
 * @param plugin   the plugin's name
 * @param score    the normalized score in {@code [0, 100]}
 * @param weight   the plugin's weight
 * @param weighted {@code score * weight}, what was added to the total
 */
public record PluginScore(String plugin, int score, int weight, long weighted) {
}
