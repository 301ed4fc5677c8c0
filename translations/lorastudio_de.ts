<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ls::gui::CodeHistogramPlot</name>
    <message>
        <source>w / absmax of its block</source>
        <translation>w / absmax seines Blocks</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>Gewichte</translation>
    </message>
</context>
<context>
    <name>ls::gui::CodeUsagePlot</name>
    <message>
        <source>code value</source>
        <translation>Codewert</translation>
    </message>
    <message>
        <source>share of weights (%)</source>
        <translation>Anteil der Gewichte (%)</translation>
    </message>
</context>
<context>
    <name>ls::gui::CommandLine</name>
    <message>
        <source>LoRA Studio: a workbench for LoRA, LoRA-FA and QLoRA fine-tuning.</source>
        <translation>LoRA Studio: eine Werkbank für LoRA-, LoRA-FA- und QLoRA-Feinabstimmung.</translation>
    </message>
    <message>
        <source>Open this Hugging Face model folder, or &quot;demo&quot;.</source>
        <translation>Diesen Hugging-Face-Modellordner öffnen, oder „demo“.</translation>
    </message>
    <message>
        <source>Show this page: %1.</source>
        <translation>Diese Seite zeigen: %1.</translation>
    </message>
    <message>
        <source>Render the window to this PNG file once the model is loaded, then exit.</source>
        <translation>Das Fenster nach dem Laden des Modells in diese PNG-Datei zeichnen, dann beenden.</translation>
    </message>
    <message>
        <source>Use this language for this run: system, %1.</source>
        <translation>Diese Sprache für diesen Start verwenden: system, %1.</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (use --model DIR to open a folder)</source>
        <translation>unerwartetes Argument „%1“ (einen Ordner öffnen Sie mit --model ORDNER)</translation>
    </message>
    <message>
        <source>--page: unknown page &quot;%1&quot; (pages: %2)</source>
        <translation>--page: unbekannte Seite „%1“ (Seiten: %2)</translation>
    </message>
    <message>
        <source>--language: unknown language &quot;%1&quot; (languages: system, %2)</source>
        <translation>--language: unbekannte Sprache „%1“ (Sprachen: system, %2)</translation>
    </message>
</context>
<context>
    <name>ls::gui::ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
</context>
<context>
    <name>ls::gui::HeatmapPlot</name>
    <message>
        <source>%1 · %2: no data</source>
        <translation>%1 · %2: keine Daten</translation>
    </message>
    <message>
        <source>%1 · %2: %3 = %4</source>
        <translation>%1 · %2: %3 = %4</translation>
    </message>
</context>
<context>
    <name>ls::gui::InspectPage</name>
    <message>
        <source>Double quantization</source>
        <translation>Doppelte Quantisierung</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>NF4</source>
        <translation>NF4</translation>
    </message>
    <message>
        <source>4-bit NormalFloat: 16 levels at the quantiles of a normal distribution, as QLoRA stores the base model</source>
        <translation>4-Bit-NormalFloat: 16 Stufen an den Quantilen einer Normalverteilung, so speichert QLoRA das Basismodell</translation>
    </message>
    <message>
        <source>FP4</source>
        <translation>FP4</translation>
    </message>
    <message>
        <source>4-bit floating point (1 sign, 2 exponent, 1 mantissa bit), bitsandbytes&apos; other 4-bit type</source>
        <translation>4-Bit-Gleitkomma (1 Vorzeichen-, 2 Exponenten-, 1 Mantissenbit), der andere 4-Bit-Typ von bitsandbytes</translation>
    </message>
    <message>
        <source>int4</source>
        <translation>int4</translation>
    </message>
    <message>
        <source>Plain symmetric integers -7 … 7 times absmax / 7 per block, for comparison</source>
        <translation>Einfache symmetrische Ganzzahlen -7 … 7 mal absmax / 7 je Block, zum Vergleich</translation>
    </message>
    <message>
        <source>The 4-bit scheme the heatmap and the plots show</source>
        <translation>Das 4-Bit-Schema, das Heatmap und Diagramme zeigen</translation>
    </message>
    <message>
        <source>Also quantize the per-block scales (absmax) to 8 bits, as QLoRA does: about 0.37 fewer bits per parameter for a slightly larger error. Not used by int4.</source>
        <translation>Auch die Skalen der Blöcke (absmax) auf 8 Bit quantisieren, wie QLoRA es tut: etwa 0,37 Bit weniger je Parameter bei etwas größerem Fehler. Nicht bei int4.</translation>
    </message>
    <message>
        <source>Quantize every linear weight of the model in memory under each scheme and measure the error (nothing is written)</source>
        <translation>Jedes lineare Gewicht des Modells im Speicher mit jedem Schema quantisieren und den Fehler messen (es wird nichts geschrieben)</translation>
    </message>
    <message>
        <source>Scheme:</source>
        <translation>Schema:</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>How much 4-bit quantization changes the base model&apos;s linear weights: each weight is split into blocks of 64, scaled by its block&apos;s absmax and rounded to one of 16 codes. Click a cell of the heatmap to look at that weight.</source>
        <translation>Wie stark 4-Bit-Quantisierung die linearen Gewichte des Basismodells verändert: Jedes Gewicht wird in Blöcke zu 64 geteilt, durch das absmax seines Blocks geteilt und auf einen von 16 Codes gerundet. Klicken Sie auf eine Zelle der Heatmap, um dieses Gewicht anzusehen.</translation>
    </message>
    <message>
        <source>Stop the analysis; the results so far are discarded</source>
        <translation>Die Analyse beenden; die bisherigen Ergebnisse werden verworfen</translation>
    </message>
    <message>
        <source>decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>relative error (%)</source>
        <translation>relativer Fehler (%)</translation>
    </message>
    <message>
        <source>One colour scale for all schemes, so switching the scheme compares them. Right-click a plot to save it as an image or CSV.</source>
        <translation>Eine Farbskala für alle Schemata, ein Wechsel des Schemas vergleicht sie also. Rechtsklick auf ein Diagramm speichert es als Bild oder CSV.</translation>
    </message>
    <message>
        <source>Decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <source>Module type: q, k, v, o (attention), gate, up, down (MLP)</source>
        <translation>Modultyp: q, k, v, o (Attention), gate, up, down (MLP)</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>Modul:</translation>
    </message>
    <message>
        <source>Selected weight</source>
        <translation>Gewähltes Gewicht</translation>
    </message>
    <message>
        <source>No model loaded yet.

Open one on the Model page; its linear weights are then quantized here in memory (nothing is written).</source>
        <translation>Noch kein Modell geladen.

Öffnen Sie eines auf der Seite Modell; seine linearen Gewichte werden dann hier im Speicher quantisiert (es wird nichts geschrieben).</translation>
    </message>
    <message>
        <source>Press Analyse to quantize every linear weight of %1 under NF4, FP4 and int4 and measure the error.</source>
        <translation>Klicken Sie auf Analysieren, um jedes lineare Gewicht von %1 mit NF4, FP4 und int4 zu quantisieren und den Fehler zu messen.</translation>
    </message>
    <message>
        <source>Opening %1 …</source>
        <translation>Öffne %1 …</translation>
    </message>
    <message>
        <source>Quantized %1 of %2 weights · %3</source>
        <translation>%1 von %2 Gewichten quantisiert · %3</translation>
    </message>
    <message>
        <source>Analyse Again</source>
        <translation>Erneut analysieren</translation>
    </message>
    <message>
        <source>Could not inspect %1</source>
        <translation>%1 konnte nicht geprüft werden</translation>
    </message>
    <message>
        <source>No results for %1.</source>
        <translation>Keine Ergebnisse für %1.</translation>
    </message>
    <message>
        <source>Analysis canceled. Press Analyse to start it again.</source>
        <translation>Analyse abgebrochen. Mit Analysieren starten Sie sie erneut.</translation>
    </message>
    <message>
        <source>Relative error ‖W − Q(W)‖ / ‖W‖
%1</source>
        <translation>Relativer Fehler ‖W − Q(W)‖ / ‖W‖
%1</translation>
    </message>
    <message>
        <source>Layer %1 has no %2 projection</source>
        <translation>Schicht %1 hat keine %2-Projektion</translation>
    </message>
    <message>
        <source>Error of this weight</source>
        <translation>Fehler dieses Gewichts</translation>
    </message>
    <message>
        <source>Weights / block absmax, with the %1 code values of %2</source>
        <translation>Gewichte / Block-absmax, mit den %1 Codewerten von %2</translation>
    </message>
    <message>
        <source>Code usage · entropy %1 of %2 bits</source>
        <translation>Codenutzung · Entropie %1 von %2 Bit</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>%1, blocks of %2</source>
        <translation>%1, Blöcke zu %2</translation>
    </message>
    <message>
        <source>Stored as %1 %2 weights</source>
        <translation>Gespeichert als %1 Gewichte in %2</translation>
    </message>
    <message>
        <source>Relative error</source>
        <translation>Relativer Fehler</translation>
    </message>
    <message>
        <source>‖W − Q(W)‖ / ‖W‖ with Frobenius norms, in double precision</source>
        <translation>‖W − Q(W)‖ / ‖W‖ mit Frobeniusnormen, in doppelter Genauigkeit</translation>
    </message>
    <message>
        <source>Max abs error</source>
        <translation>Max. abs. Fehler</translation>
    </message>
    <message>
        <source>The largest |w − q(w)| over all weights</source>
        <translation>Das größte |w − q(w)| über alle Gewichte</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Between W and its dequantized copy, as flat vectors</source>
        <translation>Zwischen W und seiner dequantisierten Kopie, als flache Vektoren</translation>
    </message>
    <message>
        <source>Bits / parameter</source>
        <translation>Bit / Parameter</translation>
    </message>
    <message>
        <source>Stored bits per weight: the 4-bit codes plus the block scales</source>
        <translation>Gespeicherte Bits je Gewicht: die 4-Bit-Codes plus die Blockskalen</translation>
    </message>
    <message>
        <source>Outlier blocks</source>
        <translation>Ausreißer-Blöcke</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Blocks whose absmax is over 8 × the median absmax (median %1, largest %2)</source>
        <translation>Blöcke, deren absmax über dem 8-Fachen des Median-absmax liegt (Median %1, größtes %2)</translation>
    </message>
    <message>
        <source>Code entropy</source>
        <translation>Code-Entropie</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>How evenly the codes are used; at most %1 bits</source>
        <translation>Wie gleichmäßig die Codes genutzt werden; höchstens %1 Bit</translation>
    </message>
</context>
<context>
    <name>ls::gui::MainWindow</name>
    <message>
        <source>LoRA Studio</source>
        <translation>LoRA Studio</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Open a base model and look at its structure</source>
        <translation>Ein Basismodell öffnen und seinen Aufbau ansehen</translation>
    </message>
    <message>
        <source>Method &amp; targets</source>
        <translation>Methode &amp; Ziele</translation>
    </message>
    <message>
        <source>Choose LoRA, LoRA-FA or QLoRA and the modules that get adapters</source>
        <translation>LoRA, LoRA-FA oder QLoRA wählen und die Module, die Adapter bekommen</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>The training and validation data</source>
        <translation>Die Trainings- und Validierungsdaten</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Run fine-tuning and watch it</source>
        <translation>Feinabstimmung starten und verfolgen</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Save the adapter or a merged model</source>
        <translation>Den Adapter oder ein zusammengeführtes Modell speichern</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>Not available yet: this page arrives with the training engine.</source>
        <translation>Noch nicht verfügbar: Diese Seite kommt mit der Trainings-Engine.</translation>
    </message>
    <message>
        <source>Here you will choose the fine-tuning method (LoRA, LoRA-FA, which freezes the A matrices, or QLoRA on a 4-bit base model), its rank, alpha and dropout, and pick the target modules from the model&apos;s module tree.</source>
        <translation>Hier wählen Sie die Methode der Feinabstimmung (LoRA, LoRA-FA, das die A-Matrizen einfriert, oder QLoRA auf einem 4-Bit-Basismodell), ihren Rang, Alpha und Dropout, und die Zielmodule aus dem Modulbaum des Modells.</translation>
    </message>
    <message>
        <source>Here you will load the training and validation data, see how it is tokenized and how long the examples are.</source>
        <translation>Hier laden Sie die Trainings- und Validierungsdaten und sehen, wie sie tokenisiert werden und wie lang die Beispiele sind.</translation>
    </message>
    <message>
        <source>Not available yet: this page arrives with the data pipeline of the training engine.</source>
        <translation>Noch nicht verfügbar: Diese Seite kommt mit der Datenaufbereitung der Trainings-Engine.</translation>
    </message>
    <message>
        <source>Here you will start, pause and stop training and watch the loss, learning rate and memory use live.</source>
        <translation>Hier starten, pausieren und beenden Sie das Training und verfolgen Verlust, Lernrate und Speicherbedarf live.</translation>
    </message>
    <message>
        <source>Not available yet: this page arrives once the engine can train an adapter.</source>
        <translation>Noch nicht verfügbar: Diese Seite kommt, sobald die Engine einen Adapter trainieren kann.</translation>
    </message>
    <message>
        <source>Here you will save the trained adapter as safetensors, or merge it into the base model&apos;s weights.</source>
        <translation>Hier speichern Sie den trainierten Adapter als safetensors oder führen ihn mit den Gewichten des Basismodells zusammen.</translation>
    </message>
    <message>
        <source>Opening %1 …</source>
        <translation>Öffne %1 …</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>Modellordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a local Hugging Face model folder (config.json and safetensors weights)</source>
        <translation>Einen lokalen Hugging-Face-Modellordner öffnen (config.json und safetensors-Gewichte)</translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <source>Open the small model that ships with LoRA Studio</source>
        <translation>Das kleine Modell öffnen, das LoRA Studio mitbringt</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Recent Models</source>
        <translation>&amp;Zuletzt geöffnete Modelle</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LoRA Studio</source>
        <translation>&amp;Über LoRA Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>Where training and generation run. Detected once at startup.</source>
        <translation>Wo Training und Generierung laufen. Wird beim Start einmal erkannt.</translation>
    </message>
    <message>
        <source>Device: CUDA GPU</source>
        <translation>Gerät: CUDA-GPU</translation>
    </message>
    <message>
        <source>Device: CPU (no CUDA GPU found)</source>
        <translation>Gerät: CPU (keine CUDA-GPU gefunden)</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>Keine zuletzt geöffneten Modelle</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>%1 — LoRA Studio</source>
        <translation>%1 — LoRA Studio</translation>
    </message>
    <message>
        <source>Model: %1 · %2 parameters</source>
        <translation>Modell: %1 · %2 Parameter</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The new language takes effect when LoRA Studio starts next time.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von LoRA Studio.</translation>
    </message>
    <message>
        <source>About LoRA Studio</source>
        <translation>Über LoRA Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoRA Studio %1&lt;/h3&gt;&lt;p&gt;A native workbench for LoRA, LoRA-FA and QLoRA fine-tuning of Llama-family models.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and LibTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LoRA Studio %1&lt;/h3&gt;&lt;p&gt;Eine native Werkbank für LoRA-, LoRA-FA- und QLoRA-Feinabstimmung von Modellen der Llama-Familie.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und LibTorch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>See how 4-bit quantization (NF4, FP4, int4) changes the model&apos;s weights</source>
        <translation>Sehen, wie 4-Bit-Quantisierung (NF4, FP4, int4) die Gewichte des Modells verändert</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModelLoader</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModelPage</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>%1 (model type &quot;%2&quot;)</source>
        <translation>%1 (Modelltyp „%2“)</translation>
    </message>
    <message>
        <source>The architectures entry of config.json</source>
        <translation>Der Eintrag architectures in config.json</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 parameters, counted from the safetensors headers</source>
        <translation>%1 Parameter, gezählt aus den safetensors-Headern</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Decoder layers (num_hidden_layers)</source>
        <translation>Decoder-Schichten (num_hidden_layers)</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>Modellbreite</translation>
    </message>
    <message>
        <source>%1 (MLP %2)</source>
        <translation>%1 (MLP %2)</translation>
    </message>
    <message>
        <source>hidden_size, and intermediate_size of the MLP</source>
        <translation>hidden_size, und intermediate_size des MLP</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>Attention-Köpfe</translation>
    </message>
    <message>
        <source>%1 query, %2 key/value, head dim %3</source>
        <translation>%1 Query, %2 Key/Value, Kopfdimension %3</translation>
    </message>
    <message>
        <source>Grouped-query attention: %1 query heads share each key/value head</source>
        <translation>Grouped-Query-Attention: je %1 Query-Köpfe teilen sich einen Key/Value-Kopf</translation>
    </message>
    <message>
        <source>Multi-head attention: one key/value head per query head</source>
        <translation>Multi-Head-Attention: ein Key/Value-Kopf je Query-Kopf</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>tokenizer.json is present</source>
        <translation>tokenizer.json ist vorhanden</translation>
    </message>
    <message>
        <source>No tokenizer.json in this folder</source>
        <translation>Keine tokenizer.json in diesem Ordner</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <source>%1 positions</source>
        <translation>%1 Positionen</translation>
    </message>
    <message>
        <source>max_position_embeddings</source>
        <translation>max_position_embeddings</translation>
    </message>
    <message>
        <source>Stored dtype</source>
        <translation>Gespeicherter Datentyp</translation>
    </message>
    <message>
        <source>The most common element type of the stored weights (config.json says %1)</source>
        <translation>Der häufigste Elementtyp der gespeicherten Gewichte (config.json nennt %1)</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf der Platte</translation>
    </message>
    <message>
        <source>%1 bytes of safetensors weights</source>
        <translation>%1 Bytes safetensors-Gewichte</translation>
    </message>
    <message>
        <source>Tied embeddings</source>
        <translation>Gekoppelte Embeddings</translation>
    </message>
    <message>
        <source>Whether the output layer (lm_head) reuses the input embedding matrix</source>
        <translation>Ob die Ausgabeschicht (lm_head) die Embedding-Matrix der Eingabe mitbenutzt</translation>
    </message>
    <message>
        <source>%1, theta %2</source>
        <translation>%1, Theta %2</translation>
    </message>
    <message>
        <source>, factor %1</source>
        <translation>, Faktor %1</translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation>RoPE</translation>
    </message>
    <message>
        <source>Rotary position embedding: type, base and scaling</source>
        <translation>Rotary Position Embedding: Typ, Basis und Skalierung</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>4-bit %1%2, compute %3</source>
        <translation>4-Bit %1%2, Rechnen in %3</translation>
    </message>
    <message>
        <source> with double quantization</source>
        <translation> mit doppelter Quantisierung</translation>
    </message>
    <message>
        <source>bitsandbytes quantization_config of config.json</source>
        <translation>bitsandbytes-quantization_config aus config.json</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open a local Hugging Face model folder (config.json and safetensors weights)</source>
        <translation>Einen lokalen Hugging-Face-Modellordner öffnen (config.json und safetensors-Gewichte)</translation>
    </message>
    <message>
        <source>Open demo model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <source>Open the small model that ships with LoRA Studio</source>
        <translation>Das kleine Modell öffnen, das LoRA Studio mitbringt</translation>
    </message>
    <message>
        <source>The base model to fine-tune: a local Hugging Face folder with config.json and safetensors weights. Only the config and the tensor headers are read here.</source>
        <translation>Das Basismodell für die Feinabstimmung: ein lokaler Hugging-Face-Ordner mit config.json und safetensors-Gewichten. Hier werden nur die Konfiguration und die Tensor-Header gelesen.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Stop waiting for this folder; its result is discarded</source>
        <translation>Nicht länger auf diesen Ordner warten; sein Ergebnis wird verworfen</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Reading %1 …</source>
        <translation>Lese %1 …</translation>
    </message>
    <message>
        <source>Could not open the model folder %1</source>
        <translation>Der Modellordner %1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No model loaded yet.

Open a local Hugging Face folder with File › Open Model Folder… (Ctrl+O), or start with the demo model.</source>
        <translation>Noch kein Modell geladen.

Öffnen Sie einen lokalen Hugging-Face-Ordner mit Datei › Modellordner öffnen… (Strg+O) oder beginnen Sie mit dem Demomodell.</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModuleTreeModel</name>
    <message>
        <source>%1 parameters (%2 % of the model)</source>
        <translation>%1 Parameter (%2 % des Modells)</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Weight shape</source>
        <translation>Gewichtsform</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModuleTreeView</name>
    <message>
        <source>Filter modules, e.g. q_proj or layers.0</source>
        <translation>Module filtern, z. B. q_proj oder layers.0</translation>
    </message>
    <message>
        <source>Show only modules whose dotted path contains this text</source>
        <translation>Nur Module zeigen, deren Pfad diesen Text enthält</translation>
    </message>
    <message>
        <source>The model&apos;s modules with the parameters each holds (its own and below)</source>
        <translation>Die Module des Modells mit ihren Parametern (eigene und darunterliegende)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>%1 modules, %2 parameters in total</source>
        <translation>%1 Module, insgesamt %2 Parameter</translation>
    </message>
</context>
<context>
    <name>ls::gui::PlotExport</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG-Vektorgrafik (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>%1: unsupported image format &quot;%2&quot; (use %3)</source>
        <translation>%1: Bildformat „%2“ wird nicht unterstützt (möglich: %3)</translation>
    </message>
    <message>
        <source>%1: could not write the image</source>
        <translation>%1: Das Bild konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Save Image…</source>
        <translation>Bild speichern…</translation>
    </message>
    <message>
        <source>Save Plot Image</source>
        <translation>Diagramm als Bild speichern</translation>
    </message>
    <message>
        <source>Save Data as CSV…</source>
        <translation>Daten als CSV speichern…</translation>
    </message>
    <message>
        <source>Save Plot Data</source>
        <translation>Diagrammdaten speichern</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV-Datei (*.csv)</translation>
    </message>
</context>
<context>
    <name>ls::gui::QuantInspection</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>NF4 + double quantization</source>
        <translation>NF4 + doppelte Quantisierung</translation>
    </message>
    <message>
        <source>NF4</source>
        <translation>NF4</translation>
    </message>
    <message>
        <source>FP4 + double quantization</source>
        <translation>FP4 + doppelte Quantisierung</translation>
    </message>
    <message>
        <source>FP4</source>
        <translation>FP4</translation>
    </message>
    <message>
        <source>int4</source>
        <translation>int4</translation>
    </message>
</context>
<context>
    <name>ls::gui::Screenshot</name>
    <message>
        <source>lora-studio: --screenshot: the model did not load in time</source>
        <translation>lora-studio: --screenshot: das Modell wurde nicht rechtzeitig geladen</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: der Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write the PNG file</source>
        <translation>%1: die PNG-Datei kann nicht geschrieben werden</translation>
    </message>
</context>
</TS>
