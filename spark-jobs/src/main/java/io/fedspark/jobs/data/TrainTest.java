package io.fedspark.jobs.data;

import io.fedspark.federated.data.LabeledDataset;

/** A dataset's training and test parts. */
public record TrainTest(LabeledDataset train, LabeledDataset test) {}
