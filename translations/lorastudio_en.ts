<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>ls::gui::DataPage</name>
    <message numerus="yes">
        <source>First %1 of %2 rows</source>
        <translation>
            <numerusform>First %1 of %2 row</numerusform>
            <numerusform>First %1 of %2 rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 rows (%2&#xa0;%)</source>
        <translation>
            <numerusform>%1 row (%2&#xa0;%)</numerusform>
            <numerusform>%1 rows (%2&#xa0;%)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 rows are longer than the sequence length of %3 tokens and are cut at the end</source>
        <extracomment>%1 (the rows cut) chooses the plural form</extracomment>
        <translation>
            <numerusform>%1 of %2 rows is longer than the sequence length of %3 tokens and is cut at the end</numerusform>
            <numerusform>%1 of %2 rows are longer than the sequence length of %3 tokens and are cut at the end</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::InspectPage</name>
    <message numerus="yes">
        <source>Quantized %1 of %Ln weights · %2</source>
        <translation>
            <numerusform>Quantized %1 of %Ln weight · %2</numerusform>
            <numerusform>Quantized %1 of %Ln weights · %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::MethodPage</name>
    <message numerus="yes">
        <source>%1 of %Ln linear modules adapted</source>
        <translation>
            <numerusform>%1 of %Ln linear module adapted</numerusform>
            <numerusform>%1 of %Ln linear modules adapted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · embedding table and %Ln layers&apos; weights in host memory (%1, not in the bars)</source>
        <translation>
            <numerusform> · embedding table and %Ln layer&apos;s weights in host memory (%1, not in the bars)</numerusform>
            <numerusform> · embedding table and %Ln layers&apos; weights in host memory (%1, not in the bars)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln layers&apos; weights in host memory (%1, not in the bars)</source>
        <translation>
            <numerusform> · %Ln layer&apos;s weights in host memory (%1, not in the bars)</numerusform>
            <numerusform> · %Ln layers&apos; weights in host memory (%1, not in the bars)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n streamed layers</source>
        <translation>
            <numerusform>%n streamed layer</numerusform>
            <numerusform>%n streamed layers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::ModuleTreeView</name>
    <message numerus="yes">
        <source>%Ln modules, %1 parameters in total</source>
        <translation>
            <numerusform>%Ln module, %1 parameters in total</numerusform>
            <numerusform>%Ln modules, %1 parameters in total</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::RunPlan</name>
    <message numerus="yes">
        <source> (%Ln modules)</source>
        <translation>
            <numerusform> (%Ln module)</numerusform>
            <numerusform> (%Ln modules)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln steps</source>
        <translation>
            <numerusform>%Ln step</numerusform>
            <numerusform>%Ln steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln epochs</source>
        <translation>
            <numerusform>%Ln epoch</numerusform>
            <numerusform>%Ln epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::RunsPage</name>
    <message numerus="yes">
        <source>Delete %n run folder(s) with their checkpoints and adapters? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n run folder with its checkpoints and adapters? This cannot be undone.</numerusform>
            <numerusform>Delete %n run folders with their checkpoints and adapters? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::TrainPage</name>
    <message numerus="yes">
        <source>Finished %Ln steps</source>
        <translation>
            <numerusform>Finished %Ln step</numerusform>
            <numerusform>Finished %Ln steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %Ln steps</source>
        <translation>
            <numerusform>Cancelled after %Ln step</numerusform>
            <numerusform>Cancelled after %Ln steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed after %Ln steps</source>
        <translation>
            <numerusform>Failed after %Ln step</numerusform>
            <numerusform>Failed after %Ln steps</numerusform>
        </translation>
    </message>
</context>
</TS>
